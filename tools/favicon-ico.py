import zlib, struct, math
def seg_dist(px,py,ax,ay,bx,by):
    dx,dy=bx-ax,by-ay; t=max(0,min(1,((px-ax)*dx+(py-ay)*dy)/(dx*dx+dy*dy)))
    return math.hypot(px-(ax+t*dx),py-(ay+t*dy))
def render(size, ss=8):
    sc=32/size; rows=[]
    for y in range(size):
        row=bytearray([0])
        for x in range(size):
            acc=[0,0,0,0]
            for sy in range(ss):
                for sx in range(ss):
                    px=(x+(sx+.5)/ss)*sc; py=(y+(sy+.5)/ss)*sc
                    if math.hypot(px-16,py-16)<=14:
                        d=min(seg_dist(px,py,10,16.5,14,20.5),seg_dist(px,py,14,20.5,22,11.5))
                        c=(255,255,255) if d<=1.5 else (0x1a,0x7f,0x37)
                        acc[0]+=c[0];acc[1]+=c[1];acc[2]+=c[2];acc[3]+=255
            n=ss*ss; a=acc[3]/n
            if a>0: row+=bytes([round(acc[0]/(acc[3]/255)) if acc[3] else 0, round(acc[1]/(acc[3]/255)), round(acc[2]/(acc[3]/255)), round(a)])
            else: row+=bytes([0,0,0,0])
        rows.append(bytes(row))
    raw=b''.join(rows)
    def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)
    return b'\x89PNG\r\n\x1a\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',size,size,8,6,0,0,0))+chunk(b'IDAT',zlib.compress(raw,9))+chunk(b'IEND',b'')
pngs=[(s,render(s)) for s in (16,32,48)]
hdr=struct.pack('<HHH',0,1,len(pngs)); off=6+16*len(pngs); ents=b''; data=b''
for s,p in pngs:
    ents+=struct.pack('<BBBBHHII',s%256,s%256,0,0,1,32,len(p),off+len(data)); data+=p
open('favicon.ico','wb').write(hdr+ents+data)
open('f48.png','wb').write(pngs[2][1])
print(len(hdr+ents+data))
